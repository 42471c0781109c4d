import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { planSubnets } from "../core/network/cidr";
import type { StackConfig } from "../core/config/types";

export interface NetworkArgs {
    network: StackConfig["network"];
    /** Looked up before any resource (components/lookups.ts): the zones a created VPC uses, an existing VPC's block. */
    zones: string[];
    existingVpcCidr?: string;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Where the tasks run: an existing VPC from config, or a new one with a public
 * and a private subnet per zone and NAT for egress. Tasks get private subnets
 * and a security group that allows no ingress of its own: the load balancer
 * adds the one rule it needs (its own group, on the container port).
 */
export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Empty for an existing VPC whose config lists no publicSubnetIds. */
    readonly publicSubnetIds: pulumi.Output<string[]>;
    /** The tasks' own group; ingress rules are added by the load balancer only. */
    readonly taskSecurityGroupId: pulumi.Output<string>;
    /** Every group the tasks join: their own plus config's securityGroupIds. */
    readonly taskSecurityGroupIds: pulumi.Output<string[]>;
    readonly assignPublicIp: boolean;
    /**
     * What the tasks need before they can pull the image, read secrets and ship
     * logs: their group's egress rule and, in a created VPC, the route tables
     * (private and public), their associations and the NAT gateways.
     */
    readonly taskEgress: pulumi.Resource[] = [];
    private readonly cidr: () => pulumi.Output<string>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:Network", name, {}, opts);
        const cfg = args.network;
        const tagged = (suffix: string): pulumi.Output<Record<string, string>> =>
            pulumi.output(args.tags ?? {}).apply((t): Record<string, string> => ({ ...t, Name: `${name}-${suffix}` }));
        this.assignPublicIp = cfg.assignPublicIp;

        if (cfg.vpcId) {
            const vpcId = cfg.vpcId;
            this.vpcId = pulumi.output(vpcId);
            this.privateSubnetIds = pulumi.output(cfg.subnetIds);
            this.publicSubnetIds = pulumi.output(cfg.publicSubnetIds);
            const cidr = args.existingVpcCidr;
            this.cidr = () => {
                if (cidr === undefined) throw new Error(`the CIDR block of ${vpcId} was not looked up`);
                return pulumi.output(cidr);
            };
        } else {
            const created = this.createVpc(name, cfg, args.zones, tagged);
            this.vpcId = created.vpc.id;
            this.privateSubnetIds = pulumi.all(created.privateSubnets.map((s) => s.id));
            this.publicSubnetIds = pulumi.all(created.publicSubnets.map((s) => s.id));
            this.cidr = () => created.vpc.cidrBlock;
        }

        const taskSg = new aws.ec2.SecurityGroup(
            `${name}-tasks`,
            {
                vpcId: this.vpcId,
                description: "ECS tasks: ingress only from the load balancer",
                revokeRulesOnDelete: true,
                tags: tagged("tasks"),
            },
            { parent: this },
        );
        // Tasks pull images and secrets and ship logs through NAT (or endpoints), so egress stays open.
        const egress = new aws.vpc.SecurityGroupEgressRule(
            `${name}-tasks-egress`,
            {
                securityGroupId: taskSg.id,
                ipProtocol: "-1",
                cidrIpv4: "0.0.0.0/0",
                description: "Tasks reach AWS APIs and their dependencies",
            },
            { parent: this },
        );
        this.taskEgress.push(egress);
        this.taskSecurityGroupId = taskSg.id;
        this.taskSecurityGroupIds = pulumi.all([taskSg.id, ...cfg.securityGroupIds]);

        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
            taskSecurityGroupId: this.taskSecurityGroupId,
        });
    }

    /** The VPC's IPv4 block. */
    vpcCidrBlock(): pulumi.Output<string> {
        return this.cidr();
    }

    private createVpc(
        name: string,
        cfg: StackConfig["network"],
        zones: string[],
        tagged: (suffix: string) => pulumi.Output<Record<string, string>>,
    ) {
        const layout = planSubnets(cfg.vpcCidr, cfg.availabilityZoneCount);
        // main() checked the region has enough zones (core/network/lookups.ts checkZones).
        if (zones.length < cfg.availabilityZoneCount)
            throw new Error(`Network needs ${cfg.availabilityZoneCount} availability zones, got ${zones.length}`);
        const zone = (i: number) => zones[i];

        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: cfg.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tagged("vpc") },
            { parent: this },
        );
        // The default group allows all traffic between its members; nothing should use it, so it gets no rules.
        new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: vpc.id, tags: tagged("default-unused") },
            { parent: this },
        );
        const igw = new aws.ec2.InternetGateway(
            `${name}-igw`,
            { vpcId: vpc.id, tags: tagged("igw") },
            { parent: this },
        );

        const publicSubnets = layout.public.map(
            (cidrBlock, i) =>
                // No public IPs on launch: only the ALB and NAT gateways live here, with their own addresses.
                new aws.ec2.Subnet(
                    `${name}-public-${i}`,
                    {
                        vpcId: vpc.id,
                        cidrBlock,
                        availabilityZone: zone(i),
                        mapPublicIpOnLaunch: false,
                        tags: tagged(`public-${i}`),
                    },
                    { parent: this },
                ),
        );
        const publicRt = new aws.ec2.RouteTable(
            `${name}-public`,
            { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: tagged("public") },
            { parent: this },
        );
        // NAT traffic leaves through the public route table, so the tasks' egress waits for it too.
        this.taskEgress.push(
            publicRt,
            ...publicSubnets.map(
                (s, i) =>
                    new aws.ec2.RouteTableAssociation(
                        `${name}-public-${i}`,
                        { subnetId: s.id, routeTableId: publicRt.id },
                        { parent: this },
                    ),
            ),
        );

        // "single" saves cost (staging); "onePerAz" keeps egress up when a zone fails (production).
        const natCount = cfg.natGateways === "single" ? 1 : cfg.availabilityZoneCount;
        const nats = Array.from({ length: natCount }, (_, i) => {
            const eip = new aws.ec2.Eip(
                `${name}-nat-${i}`,
                { domain: "vpc", tags: tagged(`nat-${i}`) },
                { parent: this },
            );
            const nat = new aws.ec2.NatGateway(
                `${name}-nat-${i}`,
                { allocationId: eip.id, subnetId: publicSubnets[i].id, tags: tagged(`nat-${i}`) },
                { parent: this, dependsOn: [igw] },
            );
            this.taskEgress.push(nat);
            return nat;
        });

        const privateSubnets = layout.private.map((cidrBlock, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-private-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock,
                    availabilityZone: zone(i),
                    mapPublicIpOnLaunch: false,
                    tags: tagged(`private-${i}`),
                },
                { parent: this },
            );
            const rt = new aws.ec2.RouteTable(
                `${name}-private-${i}`,
                {
                    vpcId: vpc.id,
                    routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, natCount - 1)].id }],
                    tags: tagged(`private-${i}`),
                },
                { parent: this },
            );
            const association = new aws.ec2.RouteTableAssociation(
                `${name}-private-${i}`,
                { subnetId: subnet.id, routeTableId: rt.id },
                { parent: this },
            );
            this.taskEgress.push(rt, association);
            return subnet;
        });
        return { vpc, publicSubnets, privateSubnets };
    }
}
