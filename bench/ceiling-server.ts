import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

// The ceiling for the ingest benchmark: the same fastify, the same mutual TLS and the same raw
// body handling as the gateway, answering 202 without validating, storing or publishing.
const [certFile, keyFile, caFile, port] = process.argv.slice(2);
const app = Fastify({
  logger: false,
  bodyLimit: 25 * 1024 * 1024,
  https: { cert: readFileSync(certFile!), key: readFileSync(keyFile!), ca: readFileSync(caFile!), requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
});
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/v1/messages', async (_req, reply) => reply.code(202).send({ id: 'x', family: 'iwmo', type: 'WMO301', status: 'published' }));
await app.listen({ host: '127.0.0.1', port: Number(port) });
process.stdout.write('ceiling listening\n');
