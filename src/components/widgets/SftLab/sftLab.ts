// SftLab's tiny model: a character-level GPT pre-trained here on plain sentences (its "internet"),
// fast enough to pre-train in the page. Fine-tuning it is the model service's own SFT
// (models/sft.ts), the same code that fine-tunes the reference model and the reader's.
import { CharTokenizer, Generator, manualSeed, nn, optim, sampleBatch, shuffle, tidy, type Tensor } from '../../../engine';
import type { Conversation } from '../../../models/sft';

export interface ConversationSet {
  licence: string;
  documents: string[];
  conversations: Conversation[];
}

/** Plain text: every sentence, in a few seeded shuffles, one per line. */
export function pretrainingText(data: ConversationSet, seed: number, repeats = 4): string {
  return Array.from({ length: repeats }, (_, r) => shuffle(data.documents, seed + r).join('\n')).join('\n') + '\n';
}

/** Every character of the sentences and the conversations, so fine-tuning needs no new letters. */
export function tokenizerFor(data: ConversationSet): CharTokenizer {
  return CharTokenizer.fromText(data.documents.join('\n') + data.conversations.map((c) => c.user + c.assistant).join(''));
}

export type ModelConfig = Omit<nn.GPTConfig, 'vocabSize'>;
/** Context 96: a conversation in the chat template is up to about 90 characters. */
export const MODEL_CONFIG: ModelConfig = { blockSize: 96, nLayer: 2, nHead: 2, nEmbd: 48, dropout: 0 };

export function makeModel(vocabSize: number, seed: number, config: ModelConfig = MODEL_CONFIG): nn.GPT {
  manualSeed(seed);
  return new nn.GPT({ vocabSize, ...config });
}

export interface Trainer {
  model: nn.GPT;
  optimizer: optim.AdamW;
  gen: Generator;
}

export function makeTrainer(model: nn.GPT, lr: number, seed: number): Trainer {
  return { model, optimizer: new optim.AdamW(model.parameters(), { lr, weightDecay: 0 }), gen: new Generator(seed) };
}

/** One pre-training AdamW step on a random batch of windows from `ids`; returns the loss tensor (read it later). */
export function trainStep(t: Trainer, ids: ArrayLike<number>, batchSize = 16): Tensor {
  return tidy(() => {
    const { x, y } = sampleBatch(ids, t.model.config.blockSize, batchSize, t.gen);
    const { loss } = t.model.forward(x, y);
    t.optimizer.zeroGrad();
    loss!.backward();
    optim.clipGradNorm(t.model.parameters(), 1);
    t.optimizer.step();
    return loss!.detach();
  });
}
