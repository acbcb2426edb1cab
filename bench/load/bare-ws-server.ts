/**
 * The ingest baseline: a bare `ws` server that parses the agents' frames and answers hello
 * with a welcome and each reports frame with an ack at once (no validation, no database).
 * Listens on loopback, prints its port, and runs until killed.
 */
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../protocol/index.ts';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: MAX_FRAME_BYTES });
server.on('connection', (socket) => {
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type === 'hello') {
      socket.send(JSON.stringify({ type: 'welcome', agentId: 'bare', hostId: 'bare', streamId: message.streamId, ackedSeq: 0, serverTime: Date.now() }));
    } else if (message.type === 'reports') {
      socket.send(JSON.stringify({ type: 'ack', streamId: message.streamId, seq: message.records[message.records.length - 1].seq }));
    }
  });
});
server.on('listening', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
