// Post-training: preferences (Bradley–Terry), policy gradients
// (REINFORCE with a baseline) and the KL divergence that keeps a tuned model near its start.
export { logSoftmax, softmax, sampleIndex } from './distribution';
export { klDivergence, klFromLogits, klGradLogits } from './kl';
export { bradleyTerry, linearScore, linearBradleyTerry, fitLinearBradleyTerry, type BradleyTerry, type LinearFit, type Preference } from './bradleyTerry';
export { logProbGrad, meanOf, reinforceGradient, expectedRewardGradient, reinforceStep } from './reinforce';
export { advantages, policyLoss, tokenKl, type PolicyLossInput } from './policyLoss';
