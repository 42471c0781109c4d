/** YAML that trips the YAML library's guards, for the readers of stack and project files. */

/** Config keys whose anchors each hold nine aliases of the one before: 9^5 copies of "x" if expanded. */
export const ALIAS_BOMB_KEYS = ["a", "b", "c", "d", "e"]
    .map(
        (k, i) =>
            `  ecs-deploy:${k}: &${k} [${Array(9)
                .fill(i === 0 ? '"x"' : `*${"abcd"[i - 1]}`)
                .join(", ")}]\n`,
    )
    .join("");

/** A stack file that is an alias bomb. */
export const ALIAS_BOMB = `config:\n  aws:region: eu-north-1\n${ALIAS_BOMB_KEYS}`;

/** A flow list `levels` deep under one config key (the document adds two levels: its mapping and config's). */
export const deepFlowList = (levels: number) =>
    `config:\n  aws:region: eu-north-1\n  ecs-deploy:x: ${"[".repeat(levels)}${"]".repeat(levels)}\n`;
