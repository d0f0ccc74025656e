/**
 * The app's icons: inline SVG (lucide), so they draw with whatever fonts the machine has — symbol
 * characters such as ⧉ or ⓘ are empty boxes with Debian's fonts. One import per icon keeps the
 * bundle to the icons used. Icons are decorative next to a word (lucide sets `aria-hidden` when no
 * label is given); an icon on its own gets an `aria-label`.
 */
export { default as ArrowDownIcon } from 'lucide-react/icons/arrow-down';
export { default as ArrowLeftIcon } from 'lucide-react/icons/arrow-left';
export { default as ArrowRightIcon } from 'lucide-react/icons/arrow-right';
export { default as ArrowUpIcon } from 'lucide-react/icons/arrow-up';
export { default as BracesIcon } from 'lucide-react/icons/braces';
export { default as CheckIcon } from 'lucide-react/icons/check';
export { default as ChevronDownIcon } from 'lucide-react/icons/chevron-down';
export { default as ChevronRightIcon } from 'lucide-react/icons/chevron-right';
export { default as ChevronUpIcon } from 'lucide-react/icons/chevron-up';
export { default as ChevronsUpDownIcon } from 'lucide-react/icons/chevrons-up-down';
export { default as CircleDashedIcon } from 'lucide-react/icons/circle-dashed';
export { default as CircleIcon } from 'lucide-react/icons/circle';
export { default as CircleSlashIcon } from 'lucide-react/icons/circle-slash';
export { default as ClockIcon } from 'lucide-react/icons/clock';
export { default as CopyIcon } from 'lucide-react/icons/copy';
export { default as ExternalLinkIcon } from 'lucide-react/icons/external-link';
export { default as HourglassIcon } from 'lucide-react/icons/hourglass';
export { default as InfoIcon } from 'lucide-react/icons/info';
export { default as LayersIcon } from 'lucide-react/icons/layers';
export { default as LoaderIcon } from 'lucide-react/icons/loader-circle';
export { default as PlayIcon } from 'lucide-react/icons/play';
export { default as RefreshIcon } from 'lucide-react/icons/refresh-cw';
export { default as SquareIcon } from 'lucide-react/icons/square';
export { default as TriangleAlertIcon } from 'lucide-react/icons/triangle-alert';
export { default as XIcon } from 'lucide-react/icons/x';
export type { LucideIcon as Icon } from 'lucide-react';
