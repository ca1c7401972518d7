/** What users type to use an ecosystem, each command under the sentence that says what it does. */
export function ServiceConnectSteps({ steps }: { steps: { text: string; command: string }[] }) {
  return (
    <ol className="service-connect">
      {steps.map((step) => (
        <li key={step.command}>
          <p>{step.text}</p>
          <pre>
            <code>{step.command}</code>
          </pre>
        </li>
      ))}
    </ol>
  );
}
