/**
 * Offline runs (render, tests) play ECR's part for the images they invent,
 * e.g. the image a promoted-from stack runs when no real stack answers. Such
 * an image is read from here by its pinned ref, never over the network.
 * Nothing registers one in a real preview or up, so the map stays empty there.
 */
import type { ImageRef } from "./ref";

const images = new Map<string, Record<string, string>>();

const key = (registry: string, repository: string, digest: string) => `${registry}/${repository}@${digest}`;

/** Registers labels for `registry/repository@sha256:…`. */
export function registerStandIn(pinned: string, labels: Record<string, string>): void {
    images.set(pinned, labels);
}

export function clearStandIns(): void {
    images.clear();
}

/** The labels of a registered stand-in, when the ref pins one. */
export function standInLabels(ref: ImageRef): Record<string, string> | undefined {
    return ref.digest ? images.get(key(ref.registry, ref.repository, ref.digest)) : undefined;
}
