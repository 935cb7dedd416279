package dev.overlap.jobs.io;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator that computes its next element on demand, so that tasks stream instead of buffering. */
public abstract class LazyIterator<T> implements Iterator<T> {
  private T next;
  private boolean done;

  /** The next element, or null at the end. */
  protected abstract T computeNext();

  @Override
  public final boolean hasNext() {
    if (next != null) return true;
    if (done) return false;
    next = computeNext();
    if (next == null) done = true;
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) throw new NoSuchElementException();
    T t = next;
    next = null;
    return t;
  }
}
