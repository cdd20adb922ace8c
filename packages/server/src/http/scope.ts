/**
 * Narrowing a request's region filter to the caller's scope.
 * @module
 */
import type { Principal } from "../auth/permissions.js";

/**
 * The region prefix to apply: the request's when it lies inside the caller's scope, the caller's
 * when the request asks for more, undefined when the two do not overlap (nothing is visible).
 *
 * @param principal - The caller.
 * @param asked - The request's `region`, if any.
 * @returns The prefix, or undefined for an empty answer.
 */
export function scopedRegion(principal: Principal, asked: string | undefined): string | undefined {
  if (asked === undefined || principal.region.startsWith(asked)) return principal.region;
  return asked.startsWith(principal.region) ? asked : undefined;
}
