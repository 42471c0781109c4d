import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import { StackConfig } from "../core/config/types";
import { ConfigError, TemplateError } from "../core/support/errors";
import { ecrRepositoryArn } from "../core/iam/roleDocuments";
import {
    parseImageRef,
    pinnedImage,
    readImageLabel,
    RegistryCredentials,
    requireLabel,
} from "../core/template/registry/label";
import { parseTemplate, TemplateSource } from "../core/template/parse";

/** The template for a build: the app's file, which also becomes the image's label. */
function templateFromFile(cfg: StackConfig): TemplateSource & { text: string } {
    let text: string;
    try {
        text = fs.readFileSync(cfg.templateFile, "utf8");
    } catch {
        throw new TemplateError(
            cfg.templateFile,
            "",
            "cannot be read",
            `create the app's task-definition template there, or set ${cfg.project}:templateFile in ${cfg.file}`,
        );
    }
    return { text, where: cfg.templateFile, template: parseTemplate(text, cfg.templateFile) };
}

/** Docker, like us, talks plain HTTP only to registries on the loopback interface. */
const isLoopback = (registry: string) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(registry);

async function credentialsFor(registry: string): Promise<RegistryCredentials> {
    const ecr = /^(\d{12})\.dkr\.ecr\./.exec(registry);
    if (ecr) {
        const token = await aws.ecr.getAuthorizationToken({ registryId: ecr[1] });
        return { username: token.userName, password: token.password };
    }
    const { REGISTRY_USERNAME: username, REGISTRY_PASSWORD: password } = process.env;
    return username && password ? { username, password } : undefined;
}

/**
 * The template for an existing image: read from its label in the registry,
 * without pulling, and the image pinned to the digest that was read.
 */
async function templateFromImage(
    cfg: StackConfig,
    imageRef: string,
): Promise<TemplateSource & { image: string; registry: string; repository: string }> {
    const ref = parseImageRef(imageRef);
    const result = await readImageLabel(ref, {
        platform: cfg.platform,
        key: cfg.labelKey,
        credentials: await credentialsFor(ref.registry),
        plainHttp: isLoopback(ref.registry),
    });
    const where = `image ${imageRef} label ${cfg.labelKey}`;
    return {
        where,
        template: parseTemplate(requireLabel(result, cfg.labelKey), where),
        image: pinnedImage(ref, result.digest),
        registry: ref.registry,
        repository: ref.repository,
    };
}

/** Promotion: the exact image (by digest) another stack runs, from its `image` output. */
async function promotedImage(cfg: StackConfig, promoteFrom: string): Promise<string> {
    // A bare stack name is a stack of this project in this stack's organization.
    const from = promoteFrom.includes("/") ? promoteFrom : `${pulumi.getOrganization()}/${cfg.project}/${promoteFrom}`;
    const ref = new pulumi.StackReference(`${cfg.project}-${cfg.stack}-promote-from`, { name: from });
    const image = (await ref.getOutputDetails("image")).value as unknown;
    if (typeof image !== "string" || !image.includes("@sha256:")) {
        throw new ConfigError(
            cfg.file,
            `${cfg.project}:promoteFrom`,
            `stack ${from} has no image output pinned by digest (got ${JSON.stringify(image ?? null)})`,
            `deploy ${from} first, or set ${cfg.project}:image to the digest to promote`,
        );
    }
    return image;
}

/** Where this run's image and template come from: a build of app/, or an existing image (given or promoted). */
export type AppSource =
    | (TemplateSource & { build: true; text: string })
    | (TemplateSource & { build: false; image: string; repositoryArn?: string });

export async function appSource(cfg: StackConfig): Promise<AppSource> {
    const existing = cfg.image ?? (cfg.promoteFrom ? await promotedImage(cfg, cfg.promoteFrom) : undefined);
    if (!existing) return { build: true, ...templateFromFile(cfg) };
    const deployed = await templateFromImage(cfg, existing);
    return {
        build: false,
        where: deployed.where,
        template: deployed.template,
        image: deployed.image,
        repositoryArn: ecrRepositoryArn(deployed.registry, deployed.repository),
    };
}
