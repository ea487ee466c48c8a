using System.Buffers;
using System.Globalization;
using System.Text;

namespace Portico.Observability.Prometheus;

/// <summary>Writes text and numbers as UTF-8 straight into a buffer writer (a response pipe, say).</summary>
internal readonly ref struct Utf8TextWriter(IBufferWriter<byte> output)
{
    public void Write(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    public void Write(char c)
    {
        var span = output.GetSpan(4);
        output.Advance(Encoding.UTF8.GetBytes([c], span));
    }

    /// <summary>Writes a sample value in the exposition format: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c> or <c>NaN</c>.</summary>
    public void Write(double value)
    {
        if (double.IsNaN(value))
        {
            Write("NaN");
            return;
        }

        if (double.IsInfinity(value))
        {
            Write(value > 0 ? "+Inf" : "-Inf");
            return;
        }

        var span = output.GetSpan(32);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    public void Write(long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }
}
