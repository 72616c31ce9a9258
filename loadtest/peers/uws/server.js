// The uWebSockets.js pub/sub peer: every client subscribes to one topic on
// open, and every text frame a client sends is published to that topic with
// `ws.publish`, which reaches every other subscriber (not the sender). The
// same contract as the ws peer: no rooms, no JSON, no persistence.
//
// uWebSockets.js comes from npm `@trufflesuite/uws-js-unofficial`, which
// ships the native binaries. Its own loader silently falls back to a
// JavaScript implementation on top of `ws` when no binary fits the running
// Node.js; this peer loads the native binary itself and refuses to start
// without it, so that a run against `uws` always measures uWebSockets.
//
// Compression is off and each socket may hold up to 16 MB of backpressure
// before uWS skips it, so that, like the ws and Socket.IO peers, no message
// is dropped for a slow reader in the runs the load generator makes.
//
// usage: node uws/server.js [--listen 127.0.0.1:9004]
"use strict";

const path = require("path");
const { parseListen, exitOnSignals } = require("../listen");

const TOPIC = "broadcast";

function loadNativeUws() {
  const packageDir = path.dirname(require.resolve("@trufflesuite/uws-js-unofficial/package.json"));
  const binary = path.join(
    packageDir,
    "binaries",
    `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`,
  );
  try {
    return require(binary);
  } catch (error) {
    console.error(
      `uws peer: no native uWebSockets.js binary for Node.js ${process.version} ` +
        `(${process.platform}-${process.arch}, ABI ${process.versions.modules}): ${error.message}`,
    );
    process.exit(1);
  }
}

const { host, port } = parseListen("127.0.0.1:9004");
const uWS = loadNativeUws();

let listenSocket = null;

uWS
  .App()
  .ws("/*", {
    compression: uWS.DISABLED,
    maxPayloadLength: 64 * 1024,
    maxBackpressure: 16 * 1024 * 1024,
    closeOnBackpressureLimit: false,
    // The load generator's subscribers only read; no idle cut-off.
    idleTimeout: 0,
    open: (ws) => {
      ws.subscribe(TOPIC);
    },
    message: (ws, message, isBinary) => {
      ws.publish(TOPIC, message, isBinary);
    },
  })
  .listen(host, port, (socket) => {
    if (!socket) {
      console.error(`uws peer: cannot listen on ${host}:${port}`);
      process.exit(1);
    }
    listenSocket = socket;
    console.log(`uws peer listening on ${host}:${port}`);
  });

exitOnSignals(() => {
  if (listenSocket) {
    uWS.us_listen_socket_close(listenSocket);
    listenSocket = null;
  }
});
