// ignore_changes entries as Terraform accepts them in .tf.json, matched against the paths of changed values.
import { covers, formatPath, parseReference } from "../../../lib/tools/review/paths";
import { diffValues } from "../../../lib/tools/review/compare";

test("references parse in every form Terraform accepts: index, legacy .N, map key, bare name", () => {
  expect(parseReference("spec[0].storage_class_name")).toEqual(["spec", 0, "storage_class_name"]);
  expect(parseReference("spec.0.storage_class_name")).toEqual(["spec", 0, "storage_class_name"]);
  expect(parseReference('metadata[0].labels["app.kubernetes.io/name"]')).toEqual(["metadata", 0, "labels", "app.kubernetes.io/name"]);
  expect(parseReference("metadata")).toEqual(["metadata"]);
  expect(parseReference("spec[0]..x")).toBeUndefined();
  expect(parseReference("[0].x")).toBeUndefined();
});

test("an entry covers the change it names and everything below it, across cdktf's object form of one-element blocks", () => {
  const storageClass = ["spec", "storage_class_name"]; // cdktf writes `spec` as an object: no [0] in the JSON path
  expect(covers("spec[0].storage_class_name", storageClass)).toBe(true);
  expect(covers("spec.0.storage_class_name", storageClass)).toBe(true);
  expect(covers("spec", storageClass)).toBe(true);
  expect(covers("all", storageClass)).toBe(true);
  expect(covers("spec[0].volume_name", storageClass)).toBe(false);
  expect(covers("spec[1].storage_class_name", storageClass)).toBe(false);
  expect(covers("spec[0].resources[0].requests.storage", ["spec", "resources"])).toBe(false); // only part of it
  expect(covers('metadata[0].labels["team"]', ["metadata", "labels", "team"])).toBe(true);
  expect(covers('metadata[0].labels["team"]', ["metadata", "labels", "owner"])).toBe(false);
  expect(covers("spec[0].template[0].spec[0].container[1].image", ["spec", "template", "spec", "container", 1, "image"])).toBe(true);
  expect(covers("spec[0].template[0].spec[0].container[1].image", ["spec", "template", "spec", "container", 0, "image"])).toBe(false);
  expect(covers("not a reference", storageClass)).toBe(false);
});

test("values are compared by path: blocks key by key and element by element, plain lists as one value", () => {
  const a = { spec: { access_modes: ["ReadWriteOnce"], container: [{ name: "dev", image: "a" }] }, labels: { "app.kubernetes.io/name": "x" } };
  const b = { spec: { access_modes: ["ReadWriteOncePod"], container: [{ name: "dev", image: "b" }] }, labels: { "app.kubernetes.io/name": "y" } };
  expect(diffValues(a, b).map((c) => formatPath(c.path))).toEqual([
    'labels["app.kubernetes.io/name"]',
    "spec.access_modes",
    "spec.container[0].image",
  ]);
  expect(diffValues(a, a)).toEqual([]);
  expect(diffValues(undefined, { lifecycle: { ignore_changes: ["spec"] } })).toEqual([{ path: ["lifecycle", "ignore_changes"], old: undefined, new: ["spec"] }]);
});
