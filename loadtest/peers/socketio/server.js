// The Socket.IO 4 room-broadcast peer: a client emits "join" with a room
// name (acknowledged), then every "msg" it emits goes to the rest of its
// room with `socket.to(room).emit("msg", payload)`. WebSocket transport only,
// no compression: what most teams would build a hub like hybridhub with.
//
// usage: node socketio/server.js [--listen 127.0.0.1:9002]
"use strict";

const http = require("http");
const { Server } = require("socket.io");
const { parseListen, exitOnSignals } = require("../listen");

const { host, port } = parseListen("127.0.0.1:9002");

const httpServer = http.createServer();
const io = new Server(httpServer, {
  transports: ["websocket"],
  serveClient: false,
  perMessageDeflate: false,
  httpCompression: false,
  maxHttpBufferSize: 64 * 1024,
  cors: { origin: false },
});

io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    const name = String(room);
    socket.join(name);
    socket.data.room = name;
    if (typeof ack === "function") ack("ok");
  });
  socket.on("msg", (payload) => {
    if (socket.data.room !== undefined) {
      socket.to(socket.data.room).emit("msg", payload);
    }
  });
});

httpServer.listen(port, host, () => console.log(`socketio peer listening on ${host}:${port}`));
exitOnSignals(() => io.close());
