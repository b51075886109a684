// Mounts the one axis (Axis.svelte) into an SVG group of a plot built imperatively at run time
// (cell output), so run-time plots and widget plots draw identical axes.
import { mount } from 'svelte';
import type { ComponentProps } from 'svelte';
import Axis from './Axis.svelte';

export type RenderAxisOptions = ComponentProps<typeof Axis>;

export function renderAxis(group: SVGGElement, options: RenderAxisOptions): void {
  mount(Axis, { target: group, props: options });
}
