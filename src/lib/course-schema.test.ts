import { describe, expect, test } from 'vitest';
import { chapterOrder, resolveBase, validateCourse } from './course-schema';

const base = {
  title: 'T',
  repository: 'https://example.org/r',
  parts: [{ title: 'P1', chapters: ['01-a', '02-b'] }, { title: 'P2', chapters: ['03-c'] }],
};
const ids = ['01-a', '02-b', '03-c', '04-d'];

describe('validateCourse', () => {
  test('accepts a good config and keeps the order of parts and chapters', () => {
    expect(chapterOrder(validateCourse(base, ids))).toEqual(['01-a', '02-b', '03-c']);
  });
  test('an unknown chapter id names the config file, the id and where it is', () => {
    const bad = { ...base, parts: [{ title: 'P', chapters: ['01-a', '09-zz'] }] };
    expect(() => validateCourse(bad, ids)).toThrow(/course\.config\.ts: unknown chapter id "09-zz" at parts\[0\]\.chapters\[1\]/);
  });
  test('a chapter listed twice fails, naming both places', () => {
    const bad = { ...base, parts: [{ title: 'P', chapters: ['01-a'] }, { title: 'Q', chapters: ['01-a'] }] };
    expect(() => validateCourse(bad, ids)).toThrow(/"01-a" is listed twice \(parts\[0\]\.chapters\[0\] and parts\[1\]\.chapters\[0\]\)/);
  });
  test('schema errors name the field', () => {
    expect(() => validateCourse({ ...base, repository: 'not a url' }, ids)).toThrow(/course\.config\.ts .*\n.*repository/);
    expect(() => validateCourse({ ...base, base: 'course' }, ids)).toThrow(/base: base must start and end with "\/"/);
    expect(() => validateCourse({ ...base, colour: 'red' }, ids)).toThrow(/colour/);
  });
});

describe('resolveBase', () => {
  test('env wins over config, and the result always has both slashes', () => {
    expect(resolveBase({}, undefined)).toBe('/');
    expect(resolveBase({ base: '/a/' }, undefined)).toBe('/a/');
    expect(resolveBase({ base: '/a/' }, 'repo')).toBe('/repo/');
    expect(resolveBase({}, '/course')).toBe('/course/');
  });
});
