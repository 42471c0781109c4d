/**
 * Property: for random templates and overlays built from the ECS model's shapes, the merge never adds,
 * drops or renames a container, env var, secret or port that neither input named, and every value it
 * keeps is the overlay's when the overlay set one, else the template's.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { memberShape, registerTaskDefinitionShape, Shape } from "../../../core/taskdef/model";
import { ConfigError } from "../../../core/support/errors";
import { mergeLayers } from "../../../core/taskdef/merge";
import { mergeSources } from "../../../core/taskdef/finalise";
import { asTaskDefinition } from "../../../core/taskdef/shape";

type Json = Record<string, any>;

const root = registerTaskDefinitionShape();
const structure = (names: string[]): Extract<Shape, { kind: "structure" }> => {
    let s = memberShape(root, names);
    while (s?.kind === "list") s = s.member;
    assert.ok(s?.kind === "structure", names.join("."));
    return s;
};

/** A value of a scalar shape: enum members when the model declares them, else a small string, int or bool. */
function scalar(shape: Shape): fc.Arbitrary<unknown> | undefined {
    if (shape.kind === "string") return shape.enum ? fc.constantFrom(...shape.enum) : fc.string({ maxLength: 8 });
    if (shape.kind === "integer") return fc.integer({ min: 0, max: 4096 });
    if (shape.kind === "boolean") return fc.boolean();
    return undefined;
}

/** Some of a structure's scalar members, as the model types them (the identifying keys left to the caller). */
function scalarMembers(s: Extract<Shape, { kind: "structure" }>, except: string[]): fc.Arbitrary<Json> {
    const members = Object.entries(s.members).filter(([k]) => !except.includes(k));
    const arbs = Object.fromEntries(
        members.map(([k, m]) => [k, scalar(m)]).filter(([, a]) => a !== undefined),
    ) as Record<string, fc.Arbitrary<unknown>>;
    return fc.record(arbs, { requiredKeys: [] });
}

const CONTAINER = structure(["containerDefinitions"]);
const SECRET = structure(["containerDefinitions", "secrets"]);
const PORT = structure(["containerDefinitions", "portMappings"]);

// Small name pools, so template and overlay often name the same things.
const containerName = fc.constantFrom("web", "worker", "log-router", "agent");
const envName = fc.constantFrom("PORT", "ROOT_URL", "LOG_LEVEL", "DEBUG", "A", "B");
const portNumber = fc.constantFrom(80, 443, 8080, 9000);
const protocol = (PORT.members.protocol as { enum?: string[] }).enum!;

function containerArb(overlay: boolean): fc.Arbitrary<Json> {
    const value = overlay
        ? fc.option(fc.string({ maxLength: 6 }), { nil: null, freq: 4 })
        : fc.string({ maxLength: 6 });
    return fc
        .record({
            name: containerName,
            extra: scalarMembers(CONTAINER, ["name", "image", "essential"]),
            environment: fc.uniqueArray(fc.record({ name: envName, value }), { selector: (e) => e.name, maxLength: 5 }),
            secrets: fc.uniqueArray(fc.record({ name: envName, extra: scalarMembers(SECRET, ["name", "valueFrom"]) }), {
                selector: (e) => e.name,
                maxLength: 3,
            }),
            portMappings: fc.uniqueArray(
                fc.record({
                    containerPort: portNumber,
                    protocol: fc.option(fc.constantFrom(...protocol), { nil: undefined }),
                    extra: scalarMembers(PORT, ["containerPort", "protocol", "hostPort", "containerPortRange"]),
                }),
                {
                    selector: (p) => `${p.containerPort}/${p.protocol ?? "tcp"}`,
                    maxLength: 3,
                },
            ),
            image: overlay
                ? fc.option(fc.constant("public.ecr.aws/x/y:1"), { nil: undefined })
                : fc.constant(undefined),
        })
        .map(({ name, extra, environment, secrets, portMappings, image }) => {
            const c: Json = {
                ...extra,
                name,
                environment,
                secrets: secrets.map(({ name: n, extra: x }) => ({ ...x, name: n })),
                portMappings: portMappings.map(({ extra: x, ...p }) =>
                    p.protocol === undefined ? { ...x, containerPort: p.containerPort } : { ...x, ...p },
                ),
            };
            if (image) c.image = image;
            return c;
        });
}

const layer = (overlay: boolean) =>
    fc
        .uniqueArray(containerArb(overlay), { selector: (c) => c.name, minLength: overlay ? 0 : 1, maxLength: 4 })
        .map((containerDefinitions) => ({ containerDefinitions }));

const byName = (list: Json[] | undefined, key: (x: Json) => string) => new Map((list ?? []).map((x) => [key(x), x]));
const portKey = (p: Json) => `${p.containerPort}/${p.protocol ?? "tcp"}`;
const isDeletion = (e: Json) =>
    Object.entries(e).every(([k, v]) => k === "name" || v === null) && Object.keys(e).length > 1;

function checkMerge(template: Json, overlay: Json, merged: Json): void {
    const t = byName(template.containerDefinitions, (c) => c.name);
    const o = byName(overlay.containerDefinitions, (c) => c.name);
    const m = byName(merged.containerDefinitions, (c) => c.name);
    // Containers: exactly the union of both layers' names, never fewer (an overlay never deletes a container), never more.
    assert.deepEqual([...m.keys()].sort(), [...new Set([...t.keys(), ...o.keys()])].sort());
    for (const [name, mc] of m) {
        const tc = t.get(name) ?? {};
        const oc = o.get(name) ?? {};
        // Env vars: a template's survives unless the overlay deletes it; nothing else appears; values follow the overlay.
        const te = byName(tc.environment, (e) => e.name);
        const oe = byName(oc.environment, (e) => e.name);
        const me = byName(mc.environment, (e) => e.name);
        const expectedEnv = new Set(
            [...te.keys(), ...[...oe].filter(([, e]) => !isDeletion(e)).map(([n]) => n)].filter(
                (n) => !(oe.has(n) && isDeletion(oe.get(n)!)),
            ),
        );
        assert.deepEqual([...me.keys()].sort(), [...expectedEnv].sort(), `env of ${name}`);
        for (const [n, e] of me) assert.equal(e.value, oe.get(n)?.value ?? te.get(n)?.value, `value of ${name}.${n}`);
        // Secrets and ports: the union of both layers' keys.
        assert.deepEqual(
            [...byName(mc.secrets, (s) => s.name).keys()].sort(),
            [
                ...new Set([...byName(tc.secrets, (s) => s.name).keys(), ...byName(oc.secrets, (s) => s.name).keys()]),
            ].sort(),
            `secrets of ${name}`,
        );
        assert.deepEqual(
            [...byName(mc.portMappings, portKey).keys()].sort(),
            [
                ...new Set([...byName(tc.portMappings, portKey).keys(), ...byName(oc.portMappings, portKey).keys()]),
            ].sort(),
            `ports of ${name}`,
        );
    }
}

describe("merge property: nothing is added, dropped or renamed that neither input named", () => {
    it("mergeLayers keeps exactly the named containers, env vars, secrets and ports, with the overlay's values", () => {
        fc.assert(
            fc.property(layer(false), layer(true), (template, overlay) => {
                checkMerge(template, overlay, mergeLayers(template, overlay));
            }),
            { numRuns: 300 },
        );
    });

    it("mergeSources adds a container only when the overlay brings its image, and refuses the rest", () => {
        fc.assert(
            fc.property(layer(false), layer(true), (template, overlay) => {
                const names = new Set(template.containerDefinitions.map((c: Json) => c.name));
                const strays = overlay.containerDefinitions.filter((c: Json) => !names.has(c.name) && !c.image);
                const s = {
                    template: asTaskDefinition(template),
                    templateWhere: "template.json",
                    overlay,
                    overlayWhere: "Pulumi.staging.yaml",
                    overlayPath: "ecs-deploy:overlay",
                };
                if (strays.length > 0) {
                    assert.throws(
                        () => mergeSources(s),
                        (e: unknown) =>
                            e instanceof ConfigError && (e as Error).message.split("\n").length === strays.length,
                    );
                    return;
                }
                const merged = mergeSources(s);
                checkMerge(template, overlay, merged);
                for (const c of merged.containerDefinitions as Json[])
                    assert.ok(names.has(c.name) || typeof c.image === "string", c.name);
            }),
            { numRuns: 300 },
        );
    });
});
