import { expect, test } from 'vitest';
import { joinBase } from './url';

test('joinBase puts the base in front of site paths once', () => {
  expect(joinBase('/', '/about/')).toBe('/about/');
  expect(joinBase('/course/', '/about/')).toBe('/course/about/');
  expect(joinBase('/course', 'chapters/01-neuron/')).toBe('/course/chapters/01-neuron/');
  expect(joinBase('/course/', '/')).toBe('/course/');
});

test('joinBase leaves external, protocol-relative and in-page links alone', () => {
  expect(joinBase('/course/', 'https://arxiv.org/abs/1706.03762')).toBe('https://arxiv.org/abs/1706.03762');
  expect(joinBase('/course/', '//cdn.example/x.js')).toBe('//cdn.example/x.js');
  expect(joinBase('/course/', '#goals')).toBe('#goals');
});
