/** The network section: an existing VPC's ids, or the shape of the VPC to create. */
import { ipv4CidrProblem, planSubnets } from "../network/cidr";
import * as formats from "./formats";
import { ConfigReader } from "./reader";
import { StackConfig } from "./types";

export function parseNetwork(r: ConfigReader): StackConfig["network"] {
    const out: StackConfig["network"] = {
        vpcId: r.optionalStr("vpcId", formats.vpcId, formats.ec2IdFix("vpc")),
        subnetIds: r.strList("subnetIds", formats.subnetId, formats.ec2IdFix("subnet")),
        publicSubnetIds: r.strList("publicSubnetIds", formats.subnetId, formats.ec2IdFix("subnet")),
        securityGroupIds: r.strList("securityGroupIds", formats.securityGroupId, formats.ec2IdFix("sg")),
        assignPublicIp: r.bool("assignPublicIp", false),
        vpcCidr: r.str(
            "vpcCidr",
            "10.0.0.0/16",
            ipv4CidrProblem,
            "use a /16 to /24 network address such as 10.0.0.0/16",
        ),
        availabilityZoneCount: r.int("availabilityZoneCount", 2, 2, 6),
        natGateways: r.oneOf("natGateways", "single", ["single", "onePerAz"] as const),
    };
    const listed = r.any("subnetIds");
    if (out.vpcId && !(Array.isArray(listed) && listed.length > 0))
        r.fail(
            "subnetIds",
            `is empty but vpcId ${out.vpcId} is set`,
            "list the private subnets the tasks run in, or remove vpcId to create a VPC",
        );
    // A vpcId that is set but malformed is already reported; it is not "not set".
    const vpcSet = r.any("vpcId") !== undefined && r.any("vpcId") !== "";
    if (!vpcSet && out.subnetIds.length > 0)
        r.fail("vpcId", "is not set but subnetIds are", "set vpcId to the VPC those subnets belong to");
    if (!vpcSet && out.publicSubnetIds.length > 0)
        r.fail("vpcId", "is not set but publicSubnetIds are", "set vpcId to the VPC those subnets belong to");
    if (!vpcSet && !ipv4CidrProblem(out.vpcCidr)) {
        try {
            planSubnets(out.vpcCidr, out.availabilityZoneCount);
        } catch (e) {
            r.fail("vpcCidr", (e as Error).message, "use a /16 to /24 network address such as 10.0.0.0/16");
        }
    }
    r.done();
    return out;
}
