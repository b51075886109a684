import { expect, test } from 'vitest';
import data from '../src/components/widgets/SftLab/conversations.json';
import { conversations, documents } from './make-conversations';

test('the shipped conversation set is what the script writes, with its licence', () => {
  expect(data.documents).toEqual(documents());
  expect(data.conversations).toEqual(conversations());
  expect(data.licence).toMatch(/CC0/);
});
