import * as aws from "@pulumi/aws";
import type { StackConfig } from "../core/config/types";
import {
    checkSubnets,
    checkZones,
    Environment,
    missingCluster,
    missingSubnet,
    missingVpc,
    NOT_FOUND,
    SubnetFacts,
} from "../core/network/lookups";

/** Runs one invoke; a "not found" answer becomes `missing()`, any other failure stays as it is. */
async function lookup<T>(run: () => Promise<T>, missing: () => Error): Promise<T> {
    try {
        return await run();
    } catch (e) {
        if (NOT_FOUND.test(String((e as Error).message ?? e))) throw missing();
        throw e;
    }
}

/**
 * Every AWS lookup the stack's resources depend on, awaited before the first
 * resource is declared: a missing VPC, subnet or cluster, or a region short of
 * zones, fails as one config error instead of inside an `up`.
 */
export async function lookupEnvironment(cfg: StackConfig): Promise<Environment> {
    const n = cfg.network;
    const zonesLookup = n.vpcId
        ? Promise.resolve<string[]>([])
        : aws
              .getAvailabilityZones({
                  state: "available",
                  filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
              })
              .then((z) => checkZones(cfg, z.names ?? []));
    const vpcLookup = n.vpcId
        ? lookup(
              () => aws.ec2.getVpc({ id: n.vpcId }),
              () => missingVpc(cfg),
          ).then((v) => v.cidrBlock)
        : Promise.resolve(undefined);
    const subnetLookups = n.vpcId
        ? Promise.all(
              (["subnetIds", "publicSubnetIds"] as const).flatMap((key) =>
                  n[key].map((id, i) =>
                      lookup(
                          () => aws.ec2.getSubnet({ id }),
                          () => missingSubnet(cfg, key, i, id),
                      ).then((s): SubnetFacts => ({ id, vpcId: s.vpcId, availabilityZone: s.availabilityZone })),
                  ),
              ),
          )
        : Promise.resolve([]);
    const name = cfg.cluster.name;
    const clusterLookup = name
        ? lookup(
              () => aws.ecs.getCluster({ clusterName: name }),
              () => missingCluster(cfg),
          ).then((c) => ({ arn: c.arn, name: c.clusterName }))
        : Promise.resolve(undefined);

    const [zones, vpcCidr, subnets, cluster] = await Promise.all([
        zonesLookup,
        vpcLookup,
        subnetLookups,
        clusterLookup,
    ]);
    if (n.vpcId) checkSubnets(cfg, subnets);
    return { zones, vpcCidr, cluster };
}
