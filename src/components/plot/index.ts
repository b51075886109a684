export { default as Axis } from './Axis.svelte';
export { axisGeometry, type AxisGeometry, type Side, type Tick } from './axis';
export { colors, categorical, cssVar } from './palette';
export { renderAxis, bandAxisGeometry, type RenderAxisOptions } from './renderAxis';
