export { default as Axis } from './Axis.svelte';
export { axisGeometry, bandAxisGeometry, type AxisGeometry, type Side, type Tick } from './axis';
export { colors, categorical, cssVar } from './palette';
export { renderAxis, type RenderAxisOptions } from './renderAxis';
export { formatNumber, withMinus, MINUS } from './format';
export { arrowDirection, plotKeys, type PlotKeyOptions } from './keys';
export { paintRegions, regionPixels, parseColor, onThemeChange } from './regions';
