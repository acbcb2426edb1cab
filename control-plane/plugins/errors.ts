/**
 * One error handler for the whole API: stable codes, one body shape, and 5xx details kept
 * in the log only.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorBody, type ErrorCode } from '../errors.ts';

const byStatus: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

function toBody(request: FastifyRequest, code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, requestId: request.id, ...(details ? { details } : {}) } };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (error instanceof AppError) {
    return reply.status(error.statusCode).send(toBody(request, error.code, error.message, error.details));
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? 'request';
    return reply.status(400).send(toBody(request, 'VALIDATION_FAILED', fastifyError.message, { in: context }));
  }
  const status = fastifyError.statusCode ?? 500;
  const code = byStatus[status];
  if (status < 500 && code) return reply.status(status).send(toBody(request, code, fastifyError.message));
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send(toBody(request, 'INTERNAL', 'internal error; the request id is in the server log'));
}

export default fp(
  async (app) => {
    app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
    app.setNotFoundHandler((request, reply) => sendError(request, reply, new AppError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)));
  },
  { name: 'errors' },
);
