// Tokenises a conversation with GPT-4o's real tokenizer (gpt-tokenizer, o200k_base, loaded on first
// use: its ranks are megabytes) and with the book's byte-level BPE trained here on Moby Dick.
import { BpeTokenizer } from '../../../engine';
import { serve } from '../../../lib/worker';
import { bookTokens, gpt4oTokens, validate, type Gpt4oModule, type Message, type Token } from './chatFormat';

export const BOOK_VOCAB = 1024;
const TRAIN_CHARS = 200_000;

let book: Promise<BpeTokenizer> | null = null;
let gpt4o: Promise<Gpt4oModule> | null = null;

const api = {
  /** Starts both tokenizers loading; resolves when both are ready. */
  async init(args: { corpusUrl: string }) {
    book ??= fetch(args.corpusUrl)
      .then((r) => {
        if (!r.ok) throw new Error(`Moby Dick could not be loaded for the book's tokenizer (HTTP ${r.status})`);
        return r.text();
      })
      .then((text) => {
        const tok = new BpeTokenizer();
        tok.train(text.slice(0, TRAIN_CHARS), BOOK_VOCAB);
        return tok;
      });
    gpt4o ??= import('gpt-tokenizer/model/gpt-4o') as Promise<Gpt4oModule>;
    const tok = await book;
    await gpt4o;
    return { bookVocab: tok.vocabSize, trainChars: TRAIN_CHARS };
  },
  async tokenize(args: { messages: Message[] }): Promise<{ gpt4o: Token[]; book: Token[] }> {
    if (!book || !gpt4o) throw new Error('The tokenizers are not loaded yet.');
    const problem = validate(args.messages);
    if (problem) throw new Error(problem);
    return { gpt4o: gpt4oTokens(await gpt4o, args.messages), book: bookTokens(await book, args.messages) };
  },
};

export type ChatApi = typeof api;
serve(api);
