// Tokenises a conversation with GPT-4o's real tokenizer (gpt-tokenizer, o200k_base, loaded on first
// use: its ranks are megabytes). The picked model's side comes from the model service.
import { serve } from '../../../lib/worker';
import type { Message, Token } from '../../../models/chatTemplate';
import { gpt4oTokens, validate, type Gpt4oModule } from './chatFormat';

let gpt4o: Promise<Gpt4oModule> | null = null;

const api = {
  /** Starts the tokenizer loading; resolves when it is ready. */
  async init() {
    gpt4o ??= import('gpt-tokenizer/model/gpt-4o') as Promise<Gpt4oModule>;
    await gpt4o;
    return true;
  },
  async tokenize(args: { messages: Message[] }): Promise<Token[]> {
    if (!gpt4o) throw new Error("GPT-4o's tokenizer is not loaded yet.");
    const problem = validate(args.messages);
    if (problem) throw new Error(problem);
    return gpt4oTokens(await gpt4o, args.messages);
  },
};

export type ChatApi = typeof api;
serve(api);
