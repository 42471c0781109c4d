/**
 * Subnet layout for a VPC the program creates: one private and one public
 * subnet per availability zone, carved as equal blocks from the VPC's CIDR.
 * Private subnets come first so their addresses stay put if public ones change.
 */
export interface SubnetLayout {
    private: string[];
    public: string[];
}

const MIN_PREFIX = 16; // AWS's largest VPC
const MAX_SUBNET_PREFIX = 28; // AWS's smallest subnet

function toInt(ip: string): number | undefined {
    const parts = ip.split(".").map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
    return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function toIp(n: number): string {
    return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

/** Throws a plain Error whose message says what is wrong; config turns it into a ConfigError. */
export function planSubnets(vpcCidr: string, azCount: number): SubnetLayout {
    const [ip, bits] = vpcCidr.split("/");
    const base = toInt(ip ?? "");
    const prefix = Number(bits);
    if (base === undefined || !Number.isInteger(prefix)) throw new Error(`"${vpcCidr}" is not an IPv4 CIDR block`);
    if (prefix < MIN_PREFIX || prefix > 24) throw new Error(`/${prefix} is outside /16../24`);
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if ((base & mask) >>> 0 !== base)
        throw new Error(`${vpcCidr} has host bits set; the network address is ${toIp((base & mask) >>> 0)}/${prefix}`);
    const extra = Math.ceil(Math.log2(azCount * 2));
    const subnetPrefix = prefix + extra;
    if (subnetPrefix > MAX_SUBNET_PREFIX)
        throw new Error(`${vpcCidr} is too small for ${azCount * 2} subnets of at least /${MAX_SUBNET_PREFIX}`);
    const size = 2 ** (32 - subnetPrefix);
    const block = (i: number) => `${toIp(base + i * size)}/${subnetPrefix}`;
    return {
        private: Array.from({ length: azCount }, (_, i) => block(i)),
        public: Array.from({ length: azCount }, (_, i) => block(azCount + i)),
    };
}

/**
 * What is wrong with an IPv4 CIDR block, or undefined. Security-group rules take
 * network addresses only (terraform-provider-aws, vpc_security_group_ingress_rule.go:
 * cidr_ipv4 uses fwvalidators.IPv4CIDRNetworkAddress).
 */
export function ipv4CidrProblem(cidr: string): string | undefined {
    const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
    const base = m ? toInt(m[1]) : undefined;
    if (!m || base === undefined) return `"${cidr}" is not an IPv4 CIDR block (four numbers 0-255, then /0 to /32)`;
    const prefix = Number(m[2]);
    if (prefix > 32) return `/${prefix} is not a prefix length (IPv4 has /0 to /32)`;
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if ((base & mask) >>> 0 !== base)
        return `${cidr} has host bits set; the network address is ${toIp((base & mask) >>> 0)}/${prefix}`;
    return undefined;
}
