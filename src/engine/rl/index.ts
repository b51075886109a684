// Post-training: preferences (Bradley–Terry), policy gradients (REINFORCE with a baseline), the KL
// divergence that keeps a tuned model near its start, and the RLHF loss on a GPT's logits.
export { logSoftmax, softmax, sampleIndex } from './distribution';
export { klDivergence, klFromLogits, klGradLogits } from './kl';
export { bradleyTerry, linearScore, linearBradleyTerry, fitLinearBradleyTerry, type BradleyTerry, type LinearFit, type Preference } from './bradleyTerry';
export { groupAdvantages, logProbGrad, meanOf, reinforceGradient, expectedRewardGradient, reinforceStep } from './reinforce';
export { advantages, policyLoss, tokenKl, type PolicyLossInput } from './policyLoss';
