'use strict';
// The record every enabled-call scenario logs: a message plus 5 attributes and 1 nested
// object, values varying per call (the same payload as the performance anchors).
const USERS = Array.from({ length: 16 }, (_, i) => `user-${i}`);
const ROUTES = ['/predict', '/health', '/feedback', '/batch'];

function attributesFor(i) {
  return {
    'http.method': 'POST',
    'http.route': ROUTES[i & 3],
    'http.status_code': 200 + (i & 1),
    'user.id': USERS[i & 15],
    duration_ms: (i % 1000) * 0.013,
    ctx: { tenant: 'acme', region: i & 1 ? 'eu' : 'us', attempt: i & 7 },
  };
}

/** The same record with the 2 attributes a child logger binds, built directly (the raw-emit baseline for child loggers). */
function attributesWithBoundFor(i) {
  return {
    'request.id': 'r-1',
    route: '/predict',
    'http.method': 'POST',
    'http.route': ROUTES[i & 3],
    'http.status_code': 200 + (i & 1),
    'user.id': USERS[i & 15],
    duration_ms: (i % 1000) * 0.013,
    ctx: { tenant: 'acme', region: i & 1 ? 'eu' : 'us', attempt: i & 7 },
  };
}

const MESSAGE = 'request handled';

module.exports = { attributesFor, attributesWithBoundFor, MESSAGE };
