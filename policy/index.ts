import { PolicyPack } from "@pulumi/policy";
import { policies } from "./crossguard";

new PolicyPack("ecs-deploy-security", { enforcementLevel: "mandatory", policies });
