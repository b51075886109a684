// The playground's shareable settings in the page URL (keys "mlp.*"): read once on mount, written
// back on every reconfigure, so a copied link reopens the same data, network and learning rate.
import { readChoice, readNumber, readParam, writeParams } from '../../../lib/urlState';
import { DATASETS, type DatasetName } from './datasets';
import { ACTIVATIONS, configParams, DEFAULT_CONFIG, LRS, parseHidden, type Activation, type MlpConfig } from './mlpPlayground';

export interface Settings {
  dataset: DatasetName;
  noise: number;
  seed: number;
  hidden: number[];
  activation: Activation;
  /** Index into LRS (the slider's position). */
  lrIndex: number;
}

/** The settings in the URL; a key that is missing or invalid keeps its value in `current`'s place (or the default). */
export function readSettings(current: Settings): Settings {
  const lrIndex = LRS.indexOf(readNumber('mlp.lr', DEFAULT_CONFIG.lr));
  return {
    dataset: readChoice('mlp.dataset', DATASETS, DEFAULT_CONFIG.dataset),
    noise: readNumber('mlp.noise', DEFAULT_CONFIG.noise, 0, 0.5),
    seed: Math.round(readNumber('mlp.seed', DEFAULT_CONFIG.seed, 0, 1e9)),
    hidden: parseHidden(readParam('mlp.hidden')) ?? current.hidden,
    activation: readChoice('mlp.act', ACTIVATIONS, DEFAULT_CONFIG.activation),
    lrIndex: lrIndex >= 0 ? lrIndex : current.lrIndex,
  };
}

export function writeSettings(config: MlpConfig): void {
  writeParams(configParams(config));
}
