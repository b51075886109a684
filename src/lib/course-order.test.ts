import { expect, test } from 'vitest';
import { chapterName, renumberNote, seeChapter } from './course-order';

test("a chapter is named by the course's own order, and a left-out chapter has no name", () => {
  const order = ['03-backprop', '01-neuron', '99-mine'];
  expect(chapterName('01-neuron', order)).toBe('chapter 2');
  expect(chapterName('99-mine', order)).toBe('chapter 3');
  expect(chapterName('09-training', order)).toBeUndefined();
  expect(seeChapter('03-backprop', order)).toBe(' (chapter 1)');
  expect(seeChapter('07-attention', order)).toBe('');
  expect(chapterName('09-training')).toBe('chapter 9'); // the book's order outside a build
});

test("the book's chapter numbers in a note follow the course's order", () => {
  const order = ['05-tokens', '01-neuron'];
  const title = (id: string) => ({ '10-sampling': 'Sampling' })[id];
  expect(renumberNote('Byte-pair encoding (chapter 5).', title, order)).toBe('Byte-pair encoding (chapter 1).');
  expect(renumberNote('Top-k sampling (chapter 10).', title, order)).toBe('Top-k sampling.');
  expect(renumberNote('The network of chapter 1 and more.', title, order)).toBe('The network of chapter 2 and more.');
  expect(renumberNote('Its definition; chapter 10 quotes it.', title, order)).toBe('Its definition; “Sampling” quotes it.');
});
