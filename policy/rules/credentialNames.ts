/**
 * Which env var names look like credentials. Self-contained (no imports): the
 * policy pack ships a byte-identical copy, since `pulumi policy publish` packs
 * policy/ alone; a test holds the two files equal.
 */
// A name is read as words (DB-PASSWORD, dbPassword, DB_PASSWORD  are all DB + PASSWORD), so spelling,
// case, a trailing space or a zero-width character does not hide one.
const CREDENTIAL_WORDS = new Set([
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "CREDENTIAL",
    "CREDENTIALS",
    "APIKEY",
    "AUTH_DATA",
]);
const CREDENTIAL_PAIRS = [
    "API KEY",
    "PRIVATE KEY",
    "ACCESS KEY",
    "SECRET KEY",
    "SIGNING KEY",
    "ENCRYPTION KEY",
    "CLIENT SECRET",
    "AUTH DATA",
];
// Words after which the name points at a credential instead of holding one: DB_PASSWORD_FILE, JWT_SECRET_ARN.
const POINTER_WORDS = new Set(["FILE", "PATH", "ARN", "NAME", "URL", "URI", "ENDPOINT", "PARAMETER", "ID"]);

function nameWords(name: string): string[] {
    return name
        .replace(/[\p{Cf}\p{Zs}\p{Cc}]/gu, " ")
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .toUpperCase()
        .split(/[^A-Z0-9]+/)
        .filter(Boolean);
}

export function looksLikeCredential(name: string): boolean {
    const words = nameWords(name);
    const text = ` ${words.join(" ")} `;
    if (/^ AWS (SECRET ACCESS KEY|ACCESS KEY ID|SESSION TOKEN) $/.test(text)) return true;
    for (let i = 0; i < words.length; i++) {
        const pair = `${words[i]} ${words[i + 1] ?? ""}`;
        const pairAt = CREDENTIAL_PAIRS.includes(pair);
        const end = pairAt ? i + 2 : i + 1;
        if (!pairAt && !CREDENTIAL_WORDS.has(words[i])) continue;
        const rest = words.slice(end);
        // API_KEY_ID, ACCESS_KEY_ID are half a key pair, and as sensitive as the key.
        if (rest.length === 0 || !rest.every((w) => POINTER_WORDS.has(w)) || (pairAt && rest.join(" ") === "ID"))
            return true;
    }
    return false;
}
