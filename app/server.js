// A tiny HTTP service: / answers with its environment's ROOT_URL, /health for the ECS health check.
const http = require("node:http");

const port = Number(process.env.PORT || 8080);
const server = http.createServer((req, res) => {
    if (req.url === "/health") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok\n");
        return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ service: "web", rootUrl: process.env.ROOT_URL || null, revision: process.env.APP_REVISION || null }) + "\n");
});

server.listen(port, () => console.log(`listening on ${port}`));
// ECS sends SIGTERM on scale-in and deploys: finish in-flight requests, then exit.
process.on("SIGTERM", () => server.close(() => process.exit(0)));
