import { toChildArray, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';

/**
 * A button that shows a short list of links under it (the disclosure pattern, not an ARIA menu:
 * Tab walks the links, as everywhere else). It closes on Escape (the focus back on its button),
 * on a click or focus outside it, and once a link is followed.
 */
export function NavMenu(props: { id: string; label: string; children: ComponentChildren }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const [location] = useLocation();
  useEffect(() => setOpen(false), [location]);
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('click', away);
    document.addEventListener('focusin', away);
    return () => {
      document.removeEventListener('click', away);
      document.removeEventListener('focusin', away);
    };
  }, [open]);
  const items = toChildArray(props.children);
  return (
    <div
      class="nav-menu"
      ref={box}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        setOpen(false);
        box.current?.querySelector('button')?.focus();
      }}
    >
      <button
        type="button"
        class="link"
        id={props.id}
        aria-expanded={open}
        aria-controls={`${props.id}-list`}
        onClick={() => setOpen(!open)}
      >
        {props.label}
      </button>
      <ul
        id={`${props.id}-list`}
        hidden={!open}
        onClick={(e) => (e.target as Element).closest('a') && setOpen(false)}
      >
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
