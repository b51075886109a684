// Small pure functions for post-training: preferences (Bradley–Terry), policy gradients
// (REINFORCE with a baseline) and the KL divergence that keeps a tuned model near its start.
export { logSoftmax, softmax, sampleIndex } from './distribution';
export { klDivergence, klFromLogits, klGradLogits } from './kl';
export { bradleyTerry, linearScore, linearBradleyTerry, type BradleyTerry, type Preference } from './bradleyTerry';
export { groupAdvantages, logProbGrad, meanOf, reinforceGradient, expectedRewardGradient, reinforceStep } from './reinforce';
