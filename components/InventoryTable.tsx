import { useLocale, useTranslations } from 'next-intl';

interface Row {
  id: string;
  name: string;
  objects: number;
  size: string;
}

/** Objects and size per ecosystem and in total: the storage-change confirmation's and a storage move's inventory. */
export function InventoryTable({ caption, rows, total }: { caption: string; rows: Row[]; total: { objects: number; size: string } }) {
  const t = useTranslations('StorageMove.inventory');
  const number = new Intl.NumberFormat(useLocale());
  return (
    <table className="inventory-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('ecosystem')}</th>
          <th scope="col" className="num">
            {t('objects')}
          </th>
          <th scope="col" className="num">
            {t('size')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-ecosystem={row.id}>
            <th scope="row">{row.name}</th>
            <td className="num">{number.format(row.objects)}</td>
            <td className="num">{row.size}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-ecosystem="total">
          <th scope="row">{t('total')}</th>
          <td className="num">{number.format(total.objects)}</td>
          <td className="num">{total.size}</td>
        </tr>
      </tfoot>
    </table>
  );
}
