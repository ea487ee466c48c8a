'use strict';
// Drives the third-party eureka-js-client against a Portico gateway, one step per line read from stdin
// (start, fetch, stop), and reports each outcome as one JSON line on stdout for the .NET test to compare.
// Usage: node check.js <host> <port> <servicePath> <instanceId> <appPort>
const readline = require('readline');
const { Eureka } = require('eureka-js-client');

const [host, port, servicePath, instanceId, appPort] = process.argv.slice(2);

const logger = {
  level() {},
  debug() {},
  info() {},
  warn(...args) { process.stderr.write('warn: ' + args.map(String).join(' ') + '\n'); },
  error(...args) { process.stderr.write('error: ' + args.map(String).join(' ') + '\n'); },
};

const client = new Eureka({
  logger,
  filename: 'no-such-eureka-config',
  shouldUseDelta: true,
  instance: {
    app: 'js-service',
    instanceId,
    hostName: '127.0.0.1',
    ipAddr: '127.0.0.1',
    statusPageUrl: `http://127.0.0.1:${appPort}/info`,
    healthCheckUrl: `http://127.0.0.1:${appPort}/health`,
    port: { $: Number(appPort), '@enabled': true },
    vipAddress: 'js-service',
    dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
    metadata: { route: 'et1' },
  },
  eureka: {
    host,
    port: Number(port),
    servicePath,
    heartbeatInterval: 200,
    registryFetchInterval: 3600000,
    maxRetries: 0,
    filterUpInstances: false,
  },
});

function emit(event, data) {
  process.stdout.write(JSON.stringify({ event, data }) + '\n');
}

// The client's cached view of the registry, flattened.
function view() {
  const instances = [];
  for (const app of Object.keys(client.cache.app).sort()) {
    for (const i of client.cache.app[app]) {
      instances.push({ app: i.app, instanceId: i.instanceId, hostName: i.hostName, port: Number(i.port.$), status: i.status });
    }
  }
  return instances;
}

let beats = 0;
client.on('heartbeat', () => {
  beats += 1;
  if (beats === 1) emit('heartbeat');
});

const steps = {
  start: () => client.start((err) => emit('started', err ? { error: String(err) } : view())),
  fetch: () => client.fetchRegistry((err) => emit('fetched', err ? { error: String(err) } : view())),
  stop: () => client.stop((err) => {
    emit('stopped', err ? { error: String(err) } : null);
    process.exit(0);
  }),
};

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const step = steps[line.trim()];
  if (step) step();
});
