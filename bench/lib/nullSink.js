'use strict';
// An OTLP/HTTP endpoint that reads each body and answers 200 without decoding it: run as a
// child process, it shows what the SDK side of the pipeline can deliver on its own (the
// receiver's decode and file write taken out). Prints `listening on <url>` on stdout.
const http = require('node:http');

const server = http.createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': String(req.headers['content-type'] || 'application/json') });
    res.end(String(req.headers['content-type'] || '').includes('json') ? '{}' : '');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
