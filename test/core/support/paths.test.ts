import * as assert from "node:assert/strict";
import { itemSegment, join } from "../../../core/support/paths";
import { registerTaskDefinitionShape } from "../../../core/taskdef/model";
import { checkShape } from "../../../core/taskdef/shape";

describe("field paths", () => {
    it("renders names with dots, indexes and named items with brackets", () => {
        const container = join("", "containerDefinitions") + itemSegment("containerDefinitions", { name: "web" }, 0);
        const port = join(container, "portMappings") + itemSegment("portMappings", { containerPort: 8080 }, 0);
        assert.equal(join(port, "hostPort"), "containerDefinitions[name=web].portMappings[0].hostPort");
        assert.equal(join("", "cpu"), "cpu");
    });

    it("are what the shape check reports, from the root (an empty path) down", () => {
        const shape = registerTaskDefinitionShape();
        const options = { required: false, allowNull: false };
        const td = { containerDefinitions: [{ name: "web", portMappings: [{ hostPort: "8080" }] }] };
        assert.deepEqual(
            checkShape(td, shape, options).map((i) => i.path),
            ["containerDefinitions[name=web].portMappings[0].hostPort"],
        );
        assert.deepEqual(
            checkShape({ cpu: 256 }, shape, options).map((i) => i.path),
            ["cpu"],
        );
        assert.deepEqual(
            checkShape([], shape, options).map((i) => i.path),
            [""],
        );
    });
});
