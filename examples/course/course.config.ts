// A sample course: two of the book's chapters in another order, one chapter of the instructor's
// own (chapters/12-thermometer.mdx), a purple accent, its own home-page introduction and no
// solutions. Build it with
//   COURSE_CONFIG=examples/course/course.config.ts BASE_PATH=/sample-course/ npm run build
// tests/e2e/instructor.e2e.ts builds it exactly so and walks the result.
import { defineCourse } from '../../src/lib/course-schema';

export default defineCourse({
  // Keeps this course's progress apart from other courses served from the same origin.
  id: 'sample-course',
  title: 'Neurons in a week',
  subtitle: 'A short course on how a network learns, with one chapter of our own',
  logo: '/logo.svg',
  accent: { light: '#6929c4', dark: '#be95ff' },
  repository: 'https://github.com/neuron-to-gpt/neuron-to-gpt',
  // Relative to this file.
  intro: 'intro.md',
  extraChapters: 'chapters',
  solutions: 'hidden',
  parts: [
    { title: 'Week 1 — Learning first', chapters: ['02-learning', '12-thermometer'] },
    { title: 'Week 2 — Then the neuron', chapters: ['01-neuron'] },
  ],
});
