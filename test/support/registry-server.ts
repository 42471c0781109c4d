/**
 * A real Docker registry (Debian's docker-registry, i.e. distribution 2.x)
 * on 127.0.0.1 with a throwaway storage dir, optionally behind htpasswd.
 * Schema 1 pushes are enabled so the reader's rejection of them can be tested.
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get as httpsGet } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunningRegistry {
    /** host:port, e.g. 127.0.0.1:40123 */
    host: string;
    url: string;
    /** With tls: the self-signed certificate (its own CA), PEM, and a directory holding it as ca.crt (skopeo --cert-dir). */
    caFile?: string;
    certDir?: string;
    credentials?: { username: string; password: string };
    stop(): Promise<void>;
}

export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address() as { port: number };
            srv.close(() => resolve(port));
        });
    });
}

/** A throwaway self-signed certificate for 127.0.0.1 (it is its own CA), made by openssl. */
export function makeCertificate(dir: string): { cert: string; key: string; certDir: string } {
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    execFileSync(
        "openssl",
        [
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            key,
            "-out",
            cert,
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
        ],
        { stdio: "ignore" },
    );
    const certDir = join(dir, "certs");
    mkdirSync(certDir);
    copyFileSync(cert, join(certDir, "ca.crt"));
    return { cert, key, certDir };
}

export async function startRegistry(
    options: { credentials?: { username: string; password: string }; tls?: boolean } = {},
): Promise<RunningRegistry> {
    const dir = mkdtempSync(join(tmpdir(), "registry-"));
    const tls = options.tls ? makeCertificate(dir) : undefined;
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const lines = [
        "version: 0.1",
        "log:",
        "  level: error",
        "  accesslog:",
        "    disabled: true",
        "storage:",
        "  filesystem:",
        `    rootdirectory: ${join(dir, "data")}`,
        "http:",
        `  addr: ${host}`,
        ...(tls ? ["  tls:", `    certificate: ${tls.cert}`, `    key: ${tls.key}`] : []),
        "compatibility:",
        "  schema1:",
        "    enabled: true",
    ];
    const { credentials } = options;
    if (credentials) {
        const entry = execFileSync("htpasswd", ["-Bbn", credentials.username, credentials.password], {
            encoding: "utf8",
        });
        writeFileSync(join(dir, "htpasswd"), entry.trim() + "\n");
        lines.push("auth:", "  htpasswd:", "    realm: test-registry", `    path: ${join(dir, "htpasswd")}`);
    }
    writeFileSync(join(dir, "config.yml"), lines.join("\n") + "\n");

    const child = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const url = `${tls ? "https" : "http"}://${host}`;
    await waitUntilUp(url, child, () => stderr, tls?.cert);

    return {
        host,
        url,
        caFile: tls?.cert,
        certDir: tls?.certDir,
        credentials,
        stop: async () => {
            await stopChild(child);
            rmSync(dir, { recursive: true, force: true });
        },
    };
}

async function waitUntilUp(url: string, child: ChildProcess, stderr: () => string, ca?: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr()}`);
        try {
            const status = ca
                ? await httpsStatus(`${url}/v2/`, readFileSync(ca))
                : await fetch(`${url}/v2/`).then(async (res) => (await res.arrayBuffer(), res.status));
            if (status === 200 || status === 401) return;
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    throw new Error(`docker-registry did not come up on ${url}: ${stderr()}`);
}

function httpsStatus(url: string, ca: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
        const req = httpsGet(url, { ca }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
    });
}

export function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
            clearTimeout(kill);
            resolve();
        });
        child.kill("SIGTERM");
    });
}
