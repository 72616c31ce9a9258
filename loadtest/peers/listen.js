// Parses `--listen HOST:PORT` (default given by the caller) for the peer servers.
"use strict";

function parseListen(defaultListen) {
  const argv = process.argv.slice(2);
  let listen = defaultListen;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--listen" && i + 1 < argv.length) {
      listen = argv[++i];
    } else if (argv[i] === "--help" || argv[i] === "-h") {
      console.log(`usage: node ${process.argv[1]} [--listen HOST:PORT]   (default ${defaultListen})`);
      process.exit(0);
    } else {
      console.error(`unknown argument ${JSON.stringify(argv[i])}; usage: [--listen HOST:PORT]`);
      process.exit(2);
    }
  }
  const colon = listen.lastIndexOf(":");
  const host = listen.slice(0, colon).replace(/^\[|\]$/g, "");
  const port = Number(listen.slice(colon + 1));
  if (colon < 0 || !host || !Number.isInteger(port)) {
    console.error(`--listen ${JSON.stringify(listen)} is not HOST:PORT`);
    process.exit(2);
  }
  return { host, port };
}

// Ends the process cleanly on SIGTERM and SIGINT, so that the compare script's
// kill leaves nothing behind.
function exitOnSignals(close) {
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      close();
      setTimeout(() => process.exit(0), 200).unref();
    });
  }
}

module.exports = { parseListen, exitOnSignals };
