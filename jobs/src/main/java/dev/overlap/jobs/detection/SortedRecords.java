package dev.overlap.jobs.detection;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of one evaluation partition in (image id, kind, seq) order: the batches it received,
 * indexed by their fixed record heads and sorted with primitive keys, decoded one record at a time as
 * the evaluation asks for them. Holds the partition's encoded bytes (about 70 bytes per box detection)
 * and five primitives per record; the partition count bounds this (DetectionJob#partitions).
 */
final class SortedRecords implements Iterator<EvalRecord> {
  private final List<byte[]> batches = new ArrayList<>();
  private long[] imageId;
  private long[] seq;
  private byte[] kind;
  private int[] batch;
  private int[] offset;
  private int[] order;
  private int next;

  SortedRecords(Iterator<RecordBatch> input) {
    int n = 0;
    List<RecordBatch> in = new ArrayList<>();
    while (input.hasNext()) {
      RecordBatch b = input.next();
      in.add(b);
      n += b.count();
    }
    imageId = new long[n];
    seq = new long[n];
    kind = new byte[n];
    batch = new int[n];
    offset = new int[n];
    int i = 0;
    for (RecordBatch b : in) {
      byte[] d = b.data();
      int bi = batches.size();
      batches.add(d);
      for (int at = 0, c = 0; c < b.count(); c++, at = RecordBatch.next(d, at)) {
        imageId[i] = RecordBatch.imageId(d, at);
        kind[i] = (byte) RecordBatch.kind(d, at);
        seq[i] = RecordBatch.seq(d, at);
        batch[i] = bi;
        offset[i] = at;
        i++;
      }
    }
    order = new int[n];
    for (int k = 0; k < n; k++) order[k] = k;
    sort(order, new int[n], 0, n);
  }

  @Override
  public boolean hasNext() {
    return next < order.length;
  }

  @Override
  public EvalRecord next() {
    if (next >= order.length) throw new NoSuchElementException();
    int r = order[next++];
    EvalRecord rec = RecordBatch.decode(batches.get(batch[r]), offset[r]);
    if (next == order.length) release();
    return rec;
  }

  private void release() {
    batches.clear();
    imageId = seq = null;
    kind = null;
    batch = offset = null;
  }

  private int compare(int a, int b) {
    if (imageId[a] != imageId[b]) return imageId[a] < imageId[b] ? -1 : 1;
    if (kind[a] != kind[b]) return kind[a] < kind[b] ? -1 : 1;
    return Long.compare(seq[a], seq[b]);
  }

  // a merge sort: records of one reader arrive mostly in file order, so runs are long and the
  // "already ordered" check below skips most merges
  private void sort(int[] a, int[] aux, int lo, int hi) {
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= lo && compare(a[j], v) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    sort(a, aux, lo, mid);
    sort(a, aux, mid, hi);
    if (compare(a[mid - 1], a[mid]) <= 0) return;
    System.arraycopy(a, lo, aux, lo, hi - lo);
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      if (i >= mid) a[k] = aux[j++];
      else if (j >= hi) a[k] = aux[i++];
      else if (compare(aux[j], aux[i]) < 0) a[k] = aux[j++];
      else a[k] = aux[i++];
    }
  }
}
