import type { StackConfig } from "../config/types";
import { ConfigError } from "../support/errors";

/** What AWS says about the stack's environment, looked up before any resource is declared. */
export interface Environment {
    /** Availability zones a created VPC spreads over, in order. */
    zones: string[];
    /** An existing VPC's IPv4 block. */
    vpcCidr?: string;
    /** An existing cluster. */
    cluster?: { arn: string; name: string };
}

export interface SubnetFacts {
    id: string;
    vpcId: string;
    availabilityZone: string;
}

/** A created VPC needs as many available zones as network.availabilityZoneCount asks for. */
export function checkZones(cfg: StackConfig, zones: string[]): string[] {
    const want = cfg.network.availabilityZoneCount;
    if (zones.length < want) {
        throw new ConfigError(
            cfg.file,
            `${cfg.project}:network.availabilityZoneCount`,
            `is ${want} but ${cfg.region} has ${zones.length} availability zones available (${zones.join(", ") || "none"})`,
            `set availabilityZoneCount to ${Math.max(2, zones.length)} or less`,
        );
    }
    return zones.slice(0, want);
}

/**
 * An existing VPC's subnets must be in that VPC, and the load balancer's
 * (public ones when internet-facing, the tasks' when internal) must span two
 * or more availability zones, or ELB refuses to create it.
 */
export function checkSubnets(cfg: StackConfig, subnets: SubnetFacts[]): void {
    const n = cfg.network;
    const where = `${cfg.project}:network`;
    for (const [key, ids] of [
        ["subnetIds", n.subnetIds],
        ["publicSubnetIds", n.publicSubnetIds],
    ] as const) {
        ids.forEach((id, i) => {
            const s = subnets.find((x) => x.id === id);
            if (s && s.vpcId !== n.vpcId)
                throw new ConfigError(
                    cfg.file,
                    `${where}.${key}[${i}]`,
                    `${id} is in ${s.vpcId}, not in vpcId ${n.vpcId}`,
                    `list subnets of ${n.vpcId}, or set vpcId to ${s.vpcId}`,
                );
        });
    }
    const lb = cfg.service.loadBalancer;
    if (!lb) return;
    const key = lb.internal ? "subnetIds" : "publicSubnetIds";
    const ids = lb.internal ? n.subnetIds : n.publicSubnetIds;
    const zones = [
        ...new Set(ids.map((id) => subnets.find((s) => s.id === id)?.availabilityZone).filter((z): z is string => !!z)),
    ];
    if (zones.length < 2) {
        throw new ConfigError(
            cfg.file,
            `${where}.${key}`,
            `the ${lb.internal ? "internal" : "internet-facing"} load balancer's subnets are all in ${zones[0] ?? "one zone"}, ` +
                `but it needs two or more availability zones`,
            `add a subnet of ${n.vpcId} in another availability zone to ${key}`,
        );
    }
}

/** A lookup error that means "does not exist", as the provider words it; anything else (denied, throttled) is not. */
export const NOT_FOUND = /not ?found|no matching|couldn't find|could not find|empty result|does not exist/i;

export function missingVpc(cfg: StackConfig): ConfigError {
    return new ConfigError(
        cfg.file,
        `${cfg.project}:network.vpcId`,
        `no VPC ${cfg.network.vpcId} in ${cfg.region}`,
        "use the id of a VPC in this stack's account and region, or remove vpcId (and subnetIds) to create one",
    );
}

export function missingSubnet(
    cfg: StackConfig,
    key: "subnetIds" | "publicSubnetIds",
    index: number,
    id: string,
): ConfigError {
    return new ConfigError(
        cfg.file,
        `${cfg.project}:network.${key}[${index}]`,
        `no subnet ${id} in ${cfg.region}`,
        `use a subnet id of ${cfg.network.vpcId ?? "the VPC"} in this account and region`,
    );
}

export function missingCluster(cfg: StackConfig): ConfigError {
    return new ConfigError(
        cfg.file,
        `${cfg.project}:cluster.name`,
        `no ECS cluster named ${cfg.cluster.name} in ${cfg.region}`,
        "use the name of an existing cluster in this account and region, or remove cluster.name to create one",
    );
}
