import Markdown from 'react-markdown';

/** Markdown without raw HTML (react-markdown never renders it) and with unsafe link schemes dropped. */
export default function SummaryMarkdown({ text }: { text: string }) {
  return <Markdown>{text}</Markdown>;
}
