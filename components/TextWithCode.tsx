/** Shows a translated sentence whose `backticked` parts are commands, as <code>. Plain text otherwise: never markup. */
export function TextWithCode({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}
    </>
  );
}
