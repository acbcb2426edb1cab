/**
 * One entry per receiver kind: how its body is built (pure, at enqueue time), how the stored
 * body becomes a request (signing happens here, at send time, because signatures expire), and
 * how a 2xx reply is read. Adding a kind is one file and one entry here.
 */
import type { ReceiverConfig, ReceiverKind } from '../config.ts';
import { alertmanagerAlertsUrl, buildAlertmanagerPayload } from './alertmanager.ts';
import type { Notification } from './common.ts';
import { buildDingTalkPayload, dingTalkVerdict, signedDingTalkUrl } from './dingtalk.ts';
import { buildFeishuPayload, feishuVerdict, signedFeishuBody } from './feishu.ts';
import type { VendorVerdict } from './vendor-reply.ts';
import { buildWebhookPayload } from './webhook.ts';
import { buildWeComPayload, weComVerdict } from './wecom.ts';

/** The HTTP request for one stored body. */
export interface OutgoingRequest {
  url: string;
  body: string;
  /** Credentials made for this request (a signature, a signed URL): never logged. */
  secrets?: readonly string[];
}

/** What the pipeline needs to know about one receiver kind. */
export interface ReceiverKindDefinition {
  kind: ReceiverKind;
  /** The JSON body of one notification; pure. */
  build(notification: Notification, receiver: ReceiverConfig): unknown;
  /** The request for a stored body at `now`. */
  request(receiver: ReceiverConfig, body: string, now: number): OutgoingRequest;
  /** A refusal hidden in a 2xx reply, or null when the message was taken. */
  verdict(replyText: string): VendorVerdict | null;
}

const accepted = () => null;
const asIs = (receiver: ReceiverConfig, body: string): OutgoingRequest => ({ url: receiver.url, body });

/** Every receiver kind. */
export const RECEIVER_KIND_DEFINITIONS: readonly ReceiverKindDefinition[] = [
  { kind: 'webhook', build: buildWebhookPayload, request: asIs, verdict: accepted },
  {
    kind: 'alertmanager',
    build: buildAlertmanagerPayload,
    request: (receiver, body) => ({ url: alertmanagerAlertsUrl(receiver.url), body }),
    verdict: accepted,
  },
  {
    kind: 'dingtalk',
    build: buildDingTalkPayload,
    request: (receiver, body, now) => {
      if (!receiver.secret) return asIs(receiver, body);
      const url = signedDingTalkUrl(receiver.url, receiver.secret, now);
      return { url, body, secrets: [url, ...new URL(url).searchParams.values()] };
    },
    verdict: dingTalkVerdict,
  },
  { kind: 'wecom', build: buildWeComPayload, request: asIs, verdict: weComVerdict },
  {
    kind: 'feishu',
    build: buildFeishuPayload,
    request: (receiver, body, now) => {
      if (!receiver.secret) return asIs(receiver, body);
      const signed = signedFeishuBody(body, receiver.secret, now);
      return { url: receiver.url, body: signed, secrets: [(JSON.parse(signed) as { sign: string }).sign] };
    },
    verdict: feishuVerdict,
  },
];

/** The definition of `kind`. */
export function receiverKind(kind: ReceiverKind): ReceiverKindDefinition {
  const definition = RECEIVER_KIND_DEFINITIONS.find((entry) => entry.kind === kind);
  if (!definition) throw new Error(`no payload builder for receiver kind ${kind}`);
  return definition;
}
