// The playground's shareable settings in the page URL (keys "mlp.*"): read once on mount, written
// back on every reconfigure, so a copied link reopens the same data, split, network and optimizer.
import { readChoice, readNumber, readParam, writeParams } from '../../../lib/urlState';
import { DATASETS, type DatasetName } from './datasets';
import {
  ACTIVATIONS, configParams, DEFAULT_CONFIG, DEFAULT_LR, LRS, OPTIMIZERS, parseHidden, TRAIN_SHARES,
  type Activation, type MlpConfig, type OptimizerName,
} from './mlpPlayground';

export interface Settings {
  dataset: DatasetName;
  noise: number;
  seed: number;
  /** One of TRAIN_SHARES. */
  trainShare: number;
  hidden: number[];
  activation: Activation;
  optimizer: OptimizerName;
  /** Index into LRS (the slider's position). */
  lrIndex: number;
}

/** The settings in the URL; a key that is missing or invalid keeps its value in `current`'s place (or the default). */
export function readSettings(current: Settings): Settings {
  const optimizer = readChoice('mlp.opt', OPTIMIZERS, DEFAULT_CONFIG.optimizer);
  const lrIndex = LRS.indexOf(readNumber('mlp.lr', DEFAULT_LR[optimizer]));
  const share = readNumber('mlp.train', DEFAULT_CONFIG.trainShare);
  return {
    dataset: readChoice('mlp.dataset', DATASETS, DEFAULT_CONFIG.dataset),
    noise: readNumber('mlp.noise', DEFAULT_CONFIG.noise, 0, 0.5),
    seed: Math.round(readNumber('mlp.seed', DEFAULT_CONFIG.seed, 0, 1e9)),
    trainShare: TRAIN_SHARES.includes(share) ? share : current.trainShare,
    hidden: parseHidden(readParam('mlp.hidden')) ?? current.hidden,
    activation: readChoice('mlp.act', ACTIVATIONS, DEFAULT_CONFIG.activation),
    optimizer,
    lrIndex: lrIndex >= 0 ? lrIndex : current.lrIndex,
  };
}

export function writeSettings(config: MlpConfig): void {
  writeParams(configParams(config));
}
