// The one file an instructor edits: which chapters the course has, in what order, and where it is
// served from. Chapters not listed here are not built. Checked when the site builds.
import { defineCourse } from './src/lib/course-schema';

export default defineCourse({
  title: 'Neuron to GPT',
  subtitle: 'How large language models work, from one neuron to a GPT you train in your browser',
  logo: '/logo.svg',
  repository: 'https://github.com/neuron-to-gpt/neuron-to-gpt',
  parts: [
    {
      title: 'Part I — Neural networks',
      chapters: ['01-neuron', '02-learning', '03-backprop'],
    },
    {
      title: 'Part II — Language models',
      chapters: ['04-language', '05-tokens', '06-embeddings', '07-attention', '08-transformer', '09-training', '10-sampling', '11-assistants'],
    },
  ],
  // base: '/course/',            // or set BASE_PATH; e.g. "/<repo>/" for GitHub Pages
  // site: 'https://example.org', // or set SITE_URL
});
