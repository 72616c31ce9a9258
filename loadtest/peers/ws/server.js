// The raw broadcast peer on npm `ws`: every text frame a client sends is
// relayed to every other open client. No rooms, no JSON, no persistence.
// This is what a team would write first with plain WebSockets on Node.js.
//
// usage: node ws/server.js [--listen 127.0.0.1:9001]
"use strict";

const { WebSocketServer, WebSocket } = require("ws");
const { parseListen, exitOnSignals } = require("../listen");

const { host, port } = parseListen("127.0.0.1:9001");

const server = new WebSocketServer({
  host,
  port,
  perMessageDeflate: false,
  maxPayload: 64 * 1024,
  clientTracking: true,
});

server.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => {
    for (const client of server.clients) {
      if (client !== socket && client.readyState === WebSocket.OPEN) {
        client.send(data, { binary: isBinary });
      }
    }
  });
  socket.on("error", () => socket.terminate());
});

server.on("listening", () => console.log(`ws peer listening on ${host}:${port}`));
exitOnSignals(() => server.close());
