/**
 * Plain env vars that look like credentials: they belong in secrets, not in the
 * task definition in clear. The pack carries its own copy of the program's rule
 * (core/secrets.ts) because `pulumi policy publish` packs this directory alone;
 * a test holds the two to the same patterns.
 */
export const CREDENTIAL_NAMES = [/^AWS_SECRET_ACCESS_KEY$/, /^AWS_ACCESS_KEY_ID$/, /^AWS_SESSION_TOKEN$/, /^ECS_ENGINE_AUTH_DATA$/, /(^|_)PASSWORD$/, /(^|_)PASSWD$/, /(^|_)TOKEN$/, /(^|_)SECRET$/, /(^|_)API_KEY$/, /(^|_)PRIVATE_KEY$/];

export function looksLikeCredential(name: string): boolean {
    return CREDENTIAL_NAMES.some((r) => r.test(name.toUpperCase()));
}
