// Runs once per page with cells: tracks every exercise on the page — exercise cells and widgets
// that check themselves alike (`[data-exercise]` with `data-check`) — and fills the sidebar's
// progress slots ("1/3 exercises") for every chapter the reader has opened.
import { recordExercises, recordSolved, showProgress } from './progress';
import { chapterOf } from './source';

const chapter = chapterOf(location.pathname);
const exercises = [...document.querySelectorAll<HTMLElement>('[data-exercise]')];
const key = (el: HTMLElement) => el.dataset.exercise || el.dataset.cellId || '';
if (exercises.length) recordExercises(chapter, exercises.map(key));

const observer = new MutationObserver((records) => {
  for (const r of records) {
    const el = r.target as HTMLElement;
    if (el.dataset.check === 'pass') recordSolved(chapter, key(el));
  }
  showProgress();
});
for (const el of exercises) observer.observe(el, { attributes: true, attributeFilter: ['data-check'] });
showProgress();
