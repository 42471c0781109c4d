import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

/** What the program reads of the network: its security groups always, the VPC's pieces when it creates or looks one up. */
export function ec2WildcardOnlyActions(n: StackNames): string[] {
    const f = n.features;
    return [
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSecurityGroupRules",
        "ec2:DescribeNetworkInterfaces",
        ...(f.createVpc
            ? [
                  "ec2:DescribeAvailabilityZones",
                  "ec2:DescribeVpcs",
                  "ec2:DescribeNetworkAcls",
                  "ec2:DescribeSubnets",
                  "ec2:DescribeRouteTables",
                  "ec2:DescribeInternetGateways",
                  "ec2:DescribeAddresses",
                  "ec2:DescribeAddressesAttribute",
                  "ec2:DescribeNatGateways",
              ]
            : f.vpcLookup
              ? ["ec2:DescribeVpcs"]
              : []),
    ];
}

export function ec2Statements(n: StackNames): IamStatement[] {
    const f = n.features;
    return [
        {
            Sid: "Ec2Network",
            Effect: "Allow",
            Action: [
                ...(f.createVpc
                    ? [
                          "ec2:CreateVpc",
                          "ec2:DescribeVpcAttribute",
                          "ec2:ModifyVpcAttribute",
                          "ec2:DeleteVpc",
                          "ec2:CreateSubnet",
                          // A subnet attribute that differs from the program's (map public IP, DNS names) is set back.
                          "ec2:ModifySubnetAttribute",
                          "ec2:DeleteSubnet",
                          "ec2:CreateInternetGateway",
                          "ec2:AttachInternetGateway",
                          "ec2:DetachInternetGateway",
                          "ec2:DeleteInternetGateway",
                          "ec2:CreateRouteTable",
                          "ec2:DeleteRouteTable",
                          "ec2:CreateRoute",
                          "ec2:ReplaceRoute",
                          "ec2:DeleteRoute",
                          "ec2:AssociateRouteTable",
                          "ec2:ReplaceRouteTableAssociation",
                          "ec2:DisassociateRouteTable",
                          "ec2:AllocateAddress",
                          "ec2:DisassociateAddress",
                          "ec2:ReleaseAddress",
                          "ec2:CreateNatGateway",
                          "ec2:DeleteNatGateway",
                      ]
                    : []),
                "ec2:CreateSecurityGroup",
                "ec2:DeleteSecurityGroup",
                // Only the load balancer adds ingress rules.
                ...(f.loadBalancer ? ["ec2:AuthorizeSecurityGroupIngress"] : []),
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:ModifySecurityGroupRules",
                "ec2:CreateTags",
                "ec2:DeleteTags",
            ],
            // Auto-named VPC resources carry no name in their ARN: held to this account and region.
            Resource: n.arn("ec2", "*"),
        },
    ];
}
